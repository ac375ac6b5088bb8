"""One module per interchange format, each with its reader and writer side by side."""
