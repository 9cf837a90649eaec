"""`make load`: many people using the production stack at once, driven by locust."""
