"""Demo data: Lejre's Virksomhedspris 2019 (closed, with a winner) and a round that is open today."""
