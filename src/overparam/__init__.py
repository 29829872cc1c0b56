"""overparam: library behind overparam-repro."""
