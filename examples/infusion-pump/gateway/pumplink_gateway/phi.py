# Field-level encryption of PHI before it reaches PostgreSQL.
#
# @implements SR-8
#
# Data keys are wrapped by the hospital's key management service and never stored in clear; how they
# are cached and rotated is described in SC-3. The column name and row id are bound into each
# ciphertext as associated data, so a ciphertext copied into another row or column fails to decrypt.
from __future__ import annotations

import os
import struct
import threading
import time
from typing import Callable, Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = struct.Struct(">H")
NONCE_LEN = 12


class KeyManagementService(Protocol):
    def unwrap(self, wrapped_key: bytes, key_version: int) -> bytes: ...


class PhiCipher:
    def __init__(self, kms: KeyManagementService, wrapped_keys: dict[int, bytes], current_version: int,
                 cache_ttl_s: float = 3600.0, clock: Callable[[], float] = time.monotonic) -> None:
        if current_version not in wrapped_keys:
            raise ValueError(f"no wrapped data key for version {current_version}")
        self._kms = kms
        self._wrapped = dict(wrapped_keys)
        self._current = current_version
        self._ttl = cache_ttl_s
        self._clock = clock
        self._cache: dict[int, tuple[float, AESGCM]] = {}
        self._lock = threading.Lock()

    def _aead(self, version: int) -> AESGCM:
        now = self._clock()
        with self._lock:
            hit = self._cache.get(version)
            if hit is not None and now - hit[0] < self._ttl:
                return hit[1]
            if version not in self._wrapped:
                raise KeyError(f"unknown PHI key version {version}")
            aead = AESGCM(self._kms.unwrap(self._wrapped[version], version))
            self._cache[version] = (now, aead)
            return aead

    @staticmethod
    def _aad(column: str, row_id: str) -> bytes:
        return f"pumplink-phi/v1/{column}/{row_id}".encode("utf-8")

    def encrypt(self, plaintext: str, *, column: str, row_id: str) -> bytes:
        nonce = os.urandom(NONCE_LEN)
        ct = self._aead(self._current).encrypt(nonce, plaintext.encode("utf-8"), self._aad(column, row_id))
        return _VERSION.pack(self._current) + nonce + ct

    def decrypt(self, blob: bytes, *, column: str, row_id: str) -> str:
        (version,) = _VERSION.unpack_from(blob)
        nonce = blob[_VERSION.size:_VERSION.size + NONCE_LEN]
        ct = blob[_VERSION.size + NONCE_LEN:]
        return self._aead(version).decrypt(nonce, ct, self._aad(column, row_id)).decode("utf-8")

    def needs_rewrap(self, blob: bytes) -> bool:
        """True for rows written under an older key version; the rotation job re-encrypts those."""
        return _VERSION.unpack_from(blob)[0] != self._current

    def forget_keys(self) -> None:
        with self._lock:
            self._cache.clear()
