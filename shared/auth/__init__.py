"""Authentication primitives: password hashes, API tokens, the principal."""

from shared.auth.credentials import hash_password, new_api_token, token_digest, verify_password
from shared.auth.principal import ANONYMOUS, SYSTEM, Principal

__all__ = ["ANONYMOUS", "SYSTEM", "Principal", "hash_password", "new_api_token", "token_digest", "verify_password"]
