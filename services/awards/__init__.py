"""The awards service: the yearly virksomhedspris, its public nomination form and review."""
