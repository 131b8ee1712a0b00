"""Store adapters: one per chain, each turning a chain's catalogue into normalized offers."""
