-- PumpLink gateway database: audit trail, orders and per-pump sequence numbers.
-- PostgreSQL 16. Applied by the gateway's migration job; the application role cannot run DDL.

BEGIN;

-- ---------------------------------------------------------------------------------------------
-- Audit trail
-- @implements SR-12
-- Append-only: the application role may INSERT and SELECT, and a trigger refuses UPDATE, DELETE
-- and TRUNCATE for every role, including the owner, so that altering history needs a schema
-- change, which is itself logged by the hospital's database auditing.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE audit_event (
    id           bigserial   PRIMARY KEY,
    occurred_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor        text        NOT NULL,
    action       text        NOT NULL,
    target       text        NOT NULL DEFAULT '',
    outcome      text        NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed', 'lost')),
    detail       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    prev_hash    char(64)    NOT NULL,
    row_hash     char(64)    NOT NULL UNIQUE
);

CREATE INDEX audit_event_actor_time ON audit_event (actor, occurred_at);
CREATE INDEX audit_event_target_time ON audit_event (target, occurred_at);

CREATE FUNCTION audit_event_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();

-- ---------------------------------------------------------------------------------------------
-- Orders. PHI columns hold ciphertext produced by pumplink_gateway.phi.PhiCipher (see SR-8):
-- 2-byte key version, 12-byte nonce, AES-256-GCM ciphertext and tag. The database never sees the
-- medical record number in clear, and neither do its backups.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE pump_sequence (
    serial    text    PRIMARY KEY,
    last_seq  bigint  NOT NULL CHECK (last_seq >= 0)
);

CREATE TABLE infusion_order (
    id             bigserial   PRIMARY KEY,
    serial         text        NOT NULL REFERENCES pump_sequence (serial),
    seq            bigint      NOT NULL,
    ordered_by     text        NOT NULL,
    ordered_at     timestamptz NOT NULL DEFAULT now(),
    mrn_enc        bytea       NOT NULL,
    drug_id        text        NOT NULL,
    concentration  text        NOT NULL,
    rate_ml_h      numeric(6, 2) NOT NULL CHECK (rate_ml_h > 0),
    vtbi_ml        numeric(7, 2) NOT NULL CHECK (vtbi_ml > 0),
    UNIQUE (serial, seq)
);

-- ---------------------------------------------------------------------------------------------
-- Roles
-- ---------------------------------------------------------------------------------------------
REVOKE ALL ON audit_event, pump_sequence, infusion_order FROM PUBLIC;

GRANT SELECT, INSERT ON audit_event TO pumplink_gateway;
GRANT USAGE ON SEQUENCE audit_event_id_seq TO pumplink_gateway;
GRANT SELECT, INSERT, UPDATE ON pump_sequence TO pumplink_gateway;
GRANT SELECT, INSERT ON infusion_order TO pumplink_gateway;
GRANT USAGE ON SEQUENCE infusion_order_id_seq TO pumplink_gateway;

-- Hospital auditors and the SIEM export job read the trail; they never see order contents.
GRANT SELECT ON audit_event TO pumplink_auditor;

COMMIT;
