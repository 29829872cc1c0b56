"""One module per paper: its experiments (compute), tables (tidy CSV) and claims."""
