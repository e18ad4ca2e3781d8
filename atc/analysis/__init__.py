"""Dynamic analysis: run regions in a contained harness and observe what they read, write and reach."""
