-- The processor sends a transaction's rows by binary COPY into a temporary staging table of its session, which the
-- merging statement reads (issue 24: no text arrays to build and parse). V9 revoked TEMPORARY from PUBLIC as a second
-- line behind pinning the search_path of the SECURITY DEFINER functions; the processor's role gets it back, the
-- gateway's (the one that faces clients) does not. What a temporary table could shadow is closed by that pinning:
-- every SECURITY DEFINER function resolves names in its schema first and pg_temp last (V9, V13, V14), and
-- LeastPrivilegeIT makes the attack on the one the processor may call, as the processor.
-- Takes effect where this role owns the database, as V9's REVOKE; elsewhere a DBA grants it, or the processor writes
-- by SQL arrays and says so (docs/security.md).
DO $$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(), '${processor_role}');
END
$$;
