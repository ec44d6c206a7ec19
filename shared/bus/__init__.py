"""Reliable delivery: transactional outbox, relay with publisher confirms, inbox consumers."""
