"""The member's data pages, one module per part."""
