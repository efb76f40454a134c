-- dataans_push (0005) with the sending instance in its NOTIFY payload: head|epoch|origin|user, where
-- origin is the pushing process's own id (PostgresDatabase.InstanceId). The instance that pushed has
-- already told its own event streams, so its listener skips notifications that carry its id and each
-- push reaches every instance's streams once. An instance of the previous version still calls the
-- function with eight arguments during an upgrade: p_origin defaults to '' (no instance's id); such an
-- instance's own streams hear of the new version's pushes only at their keep-alive until it is replaced.
DROP FUNCTION dataans_push(TEXT, TEXT, BIGINT, TEXT, BYTEA[], BIGINT[], BYTEA[], BYTEA[]);

CREATE FUNCTION dataans_push(p_user TEXT, p_new_epoch TEXT, p_now BIGINT, p_channel TEXT,
    p_ids BYTEA[], p_created BIGINT[], p_checksums BYTEA[], p_data BYTEA[], p_origin TEXT DEFAULT '')
RETURNS TABLE (r_epoch TEXT, r_head BIGINT, r_accepted INTEGER, r_known INTEGER, r_conflict BYTEA)
LANGUAGE plpgsql AS $$
DECLARE
    v_user BIGINT;
    v_epoch TEXT;
    v_head BIGINT;
    v_known INTEGER;
    v_known_ids BYTEA[];
    v_conflict BYTEA;
    v_accepted INTEGER;
BEGIN
    SELECT u.id, u.epoch, u.head INTO v_user, v_epoch, v_head FROM users u WHERE u.name = p_user FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO users (name, epoch, head, created_at) VALUES (p_user, p_new_epoch, 0, p_now) ON CONFLICT (name) DO NOTHING;
        SELECT u.id, u.epoch, u.head INTO v_user, v_epoch, v_head FROM users u WHERE u.name = p_user FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'The user row vanished while it was being created.';
        END IF;
    END IF;

    -- One index probe per id (the OFFSET keeps the planner from turning this into a scan of the user's operations).
    SELECT count(*)::INTEGER, array_agg(t.i), (array_agg(t.i ORDER BY t.n) FILTER (WHERE s.checksum <> t.k))[1]
    INTO v_known, v_known_ids, v_conflict
    FROM unnest(p_ids, p_checksums) WITH ORDINALITY AS t(i, k, n)
    CROSS JOIN LATERAL (SELECT o.checksum FROM operations o WHERE o.user_id = v_user AND o.id = t.i OFFSET 0) AS s;
    IF v_conflict IS NOT NULL THEN
        RETURN QUERY SELECT v_epoch, v_head, 0, v_known, v_conflict;
        RETURN;
    END IF;

    INSERT INTO operations (user_id, seq, id, created_at, checksum, data)
    SELECT v_user, v_head + row_number() OVER (ORDER BY t.n), t.i, t.c, t.k, t.d
    FROM unnest(p_ids, p_created, p_checksums, p_data) WITH ORDINALITY AS t(i, c, k, d, n)
    WHERE v_known = 0 OR NOT t.i = ANY (v_known_ids);
    GET DIAGNOSTICS v_accepted = ROW_COUNT;

    IF v_accepted > 0 THEN
        v_head := v_head + v_accepted;
        UPDATE users SET head = v_head WHERE id = v_user;
        PERFORM pg_notify(p_channel, v_head::TEXT || '|' || v_epoch || '|' || p_origin || '|' || p_user);
    END IF;

    RETURN QUERY SELECT v_epoch, v_head, v_accepted, v_known, NULL::BYTEA;
END
$$;
