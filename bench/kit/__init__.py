"""What the bench scripts share besides the harness: a light HTTP load generator and the
floor apps they measure the project against."""
