"""Background jobs: periodic catalogue refreshes and retention pruning."""
