"""accredkit's benchmarks: each one a ratio against a baseline run in the same process."""
