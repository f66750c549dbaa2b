"""autograd_core.datasets (skeleton; filled in by its issue)."""
