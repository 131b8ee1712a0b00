"""The catalogue database: chains, stores, products, price history, scrape runs."""
