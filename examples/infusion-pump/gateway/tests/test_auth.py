# Tests for token verification, the idle timeout, and role and care-unit authorization.
# @verifies SR-6, SR-7
import time

import pytest

from pumplink_gateway.auth import AuthError, Principal, SessionActivity, authorize_programming


def principal(roles=("clinician",), units=("4W-ONC",), auth_age_s=60.0, now=1767225600.0) -> Principal:
    return Principal("u-4711", "s-1", "Dana Whitfield, RN", frozenset(roles), frozenset(units),
                     int(now - auth_age_s), mfa=True)


def test_valid_token_yields_principal(verifier, make_token):
    p = verifier.verify(make_token())
    assert p.subject == "u-4711"
    assert p.can_program and p.mfa
    assert p.care_units == {"4W-ONC"}


def test_expired_token_is_rejected(verifier, make_token):
    now = int(time.time())
    with pytest.raises(AuthError, match="ExpiredSignatureError"):
        verifier.verify(make_token(iat=now - 3600, exp=now - 120))


def test_token_for_another_audience_is_rejected(verifier, make_token):
    with pytest.raises(AuthError, match="InvalidAudienceError"):
        verifier.verify(make_token(aud="pharmacy-portal"))


def test_token_without_session_id_is_rejected(verifier, make_token):
    with pytest.raises(AuthError, match="MissingRequiredClaimError"):
        verifier.verify(make_token(sid=None))


def test_programming_role_requires_mfa(verifier, make_token):
    with pytest.raises(AuthError, match="multi-factor"):
        verifier.verify(make_token(amr=["pwd"]))


def test_viewer_without_mfa_is_accepted(verifier, make_token):
    assert not verifier.verify(make_token(amr=["pwd"], roles=["viewer"])).can_program


def test_session_expires_after_15_idle_minutes():
    t = [0.0]
    sessions = SessionActivity(clock=lambda: t[0])
    sessions.touch("s-1")
    t[0] += 14 * 60
    sessions.touch("s-1")
    t[0] += 15 * 60 + 1
    with pytest.raises(AuthError, match="inactivity"):
        sessions.touch("s-1")
    with pytest.raises(AuthError, match="ended"):
        sessions.touch("s-1")


def test_viewer_cannot_program():
    with pytest.raises(AuthError) as err:
        authorize_programming(principal(roles=("viewer",)), "4W-ONC", now=1767225600.0)
    assert err.value.status_code == 403


def test_biomed_cannot_program():
    with pytest.raises(AuthError) as err:
        authorize_programming(principal(roles=("biomed",)), "4W-ONC", now=1767225600.0)
    assert err.value.status_code == 403


def test_clinician_cannot_program_pump_of_another_unit():
    with pytest.raises(AuthError, match="care unit"):
        authorize_programming(principal(units=("4W-ONC",)), "ICU-2", now=1767225600.0)


def test_step_up_required_when_authentication_is_older_than_5_minutes():
    with pytest.raises(AuthError, match="re-authentication") as err:
        authorize_programming(principal(auth_age_s=301), "4W-ONC", now=1767225600.0)
    assert err.value.status_code == 401


def test_charge_nurse_can_program_pump_of_own_unit():
    authorize_programming(principal(roles=("charge-nurse",)), "4W-ONC", now=1767225600.0)
