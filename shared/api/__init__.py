"""HTTP plumbing shared by the services' APIs: problem+json errors, Danish validation
messages, correlation ids and the health check."""
