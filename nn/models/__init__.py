"""Model zoo: architectures only, no pretrained weights."""
