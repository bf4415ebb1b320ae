# Logging filter that keeps PHI out of gateway logs.
#
# @implements SR-9
#
# Installed on the root logger by app.create_app(), so it also covers uvicorn's and third-party
# loggers. Identifiers that operators need to correlate (an MRN across several log lines) are
# replaced by a keyed hash: stable within a deployment, useless to anyone without the key.
from __future__ import annotations

import hashlib
import hmac
import logging
import re

_MRN = re.compile(r"\b(?:MRN|mrn)[\"']?\s*[:=]?\s*[\"']?(\d{6,10})\b")
_DOB = re.compile(r"\b(?:DOB|dob|birth_date)[\"']?\s*[:=]?\s*[\"']?(\d{4}-\d{2}-\d{2})\b")
_NAME = re.compile(r"\b(?:patient_name|patientName)[\"']?\s*[:=]\s*[\"']?([^,\"'}]+)")

PHI_ATTRIBUTES = ("mrn", "patient_name", "dob")


class PhiRedactingFilter(logging.Filter):
    def __init__(self, pseudonym_key: bytes) -> None:
        super().__init__()
        if len(pseudonym_key) < 32:
            raise ValueError("pseudonym key must be at least 256 bits")
        self._key = pseudonym_key

    def pseudonym(self, value: str) -> str:
        return "pt_" + hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def redact(self, text: str) -> str:
        text = _MRN.sub(lambda m: m.group(0).replace(m.group(1), self.pseudonym(m.group(1))), text)
        text = _DOB.sub(lambda m: m.group(0).replace(m.group(1), "[redacted]"), text)
        return _NAME.sub(lambda m: m.group(0).replace(m.group(1), "[redacted]"), text)

    def filter(self, record: logging.LogRecord) -> bool:
        # Format once with the original arguments, then drop them: an argument that holds PHI must
        # not be re-rendered by a handler further down.
        record.msg = self.redact(record.getMessage())
        record.args = None
        for attr in PHI_ATTRIBUTES:
            value = getattr(record, attr, None)
            if value is not None:
                setattr(record, attr, self.pseudonym(str(value)) if attr == "mrn" else "[redacted]")
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def install(pseudonym_key: bytes) -> PhiRedactingFilter:
    phi_filter = PhiRedactingFilter(pseudonym_key)
    for handler in logging.getLogger().handlers:
        handler.addFilter(phi_filter)
    return phi_filter
