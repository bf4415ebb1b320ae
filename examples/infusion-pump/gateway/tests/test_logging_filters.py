# Tests for the PHI redaction filter on gateway logs.
# @verifies SR-9
import logging

import pytest

from pumplink_gateway.logging_filters import PhiRedactingFilter

KEY = bytes(range(32))


@pytest.fixture
def phi_filter():
    return PhiRedactingFilter(KEY)


def record(msg, *args, **extra):
    rec = logging.LogRecord("pumplink", logging.INFO, __file__, 1, msg, args, None)
    for k, v in extra.items():
        setattr(rec, k, v)
    return rec


def test_mrn_is_replaced_by_pseudonym(phi_filter):
    rec = record("order accepted for MRN %s on pump %s", "00482913", "LVP300-0042917")
    phi_filter.filter(rec)
    assert "00482913" not in rec.getMessage()
    assert "pt_" in rec.getMessage() and "LVP300-0042917" in rec.getMessage()


def test_pseudonym_is_stable_for_correlation(phi_filter):
    assert phi_filter.pseudonym("00482913") == phi_filter.pseudonym("00482913")
    assert phi_filter.pseudonym("00482913") != PhiRedactingFilter(bytes(32)).pseudonym("00482913")


def test_json_payload_fields_are_redacted(phi_filter):
    rec = record('payload {"mrn":"00482913","patient_name":"Ruth Alvarez","dob":"1948-03-02","rate_ml_h":12.5}')
    phi_filter.filter(rec)
    msg = rec.getMessage()
    assert "Ruth Alvarez" not in msg and "1948-03-02" not in msg and "00482913" not in msg
    assert "12.5" in msg


def test_extra_attributes_are_redacted(phi_filter):
    rec = record("order accepted", mrn="00482913", patient_name="Ruth Alvarez")
    phi_filter.filter(rec)
    assert rec.mrn.startswith("pt_") and rec.patient_name == "[redacted]"


def test_short_key_is_refused():
    with pytest.raises(ValueError):
        PhiRedactingFilter(b"too short")
