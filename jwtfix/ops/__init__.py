"""One module per command: plain inputs (and an explicit `now`) in, a dataclass out."""
