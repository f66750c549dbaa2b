"""autograd_core.optim (skeleton; filled in by its issue)."""
