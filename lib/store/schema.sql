-- The database contract. Table and column names are relied on by other tools;
-- add columns freely, never rename. Keys are declared so bad seed data fails the build.

CREATE TABLE region (
    region      TEXT PRIMARY KEY,          -- north, northeast, central, east, west, south
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    sort        INTEGER NOT NULL
);

CREATE TABLE province (
    code        TEXT PRIMARY KEY CHECK (regexp_full_match(code, 'TH-[0-9]{2}')),
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    region      TEXT NOT NULL REFERENCES region(region),
    is_pilot    BOOLEAN NOT NULL
);

CREATE TABLE goal (
    goal        INTEGER PRIMARY KEY CHECK (goal BETWEEN 1 AND 17),
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    short_th    TEXT NOT NULL,
    short_en    TEXT NOT NULL,
    colour      TEXT NOT NULL CHECK (regexp_full_match(colour, '#[0-9A-Fa-f]{6}'))
);

CREATE TABLE indicator (
    indicator_id    TEXT PRIMARY KEY,
    goal            INTEGER NOT NULL REFERENCES goal(goal),
    sdg_code        TEXT,                  -- global SDG indicator code, e.g. 1.2.1; NULL if national-only
    name_th         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    unit            TEXT NOT NULL,         -- English unit label
    unit_th         TEXT NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    optimum         DOUBLE NOT NULL,
    green_threshold DOUBLE NOT NULL,
    red_threshold   DOUBLE NOT NULL,
    lower_bound     DOUBLE NOT NULL,
    plausible_min   DOUBLE NOT NULL,       -- values outside are rejected on import
    plausible_max   DOUBLE NOT NULL,
    decimals        INTEGER NOT NULL DEFAULT 1,
    publisher       TEXT NOT NULL,         -- who publishes such data (NSO, NESDC, DOPA, PCD, ...)
    definition_th   TEXT NOT NULL,
    definition_en   TEXT NOT NULL,
    -- bounds in the right order for the direction: lower_bound -> red -> green -> optimum
    CHECK ((direction = 'higher' AND lower_bound < red_threshold AND red_threshold < green_threshold AND green_threshold <= optimum)
        OR (direction = 'lower'  AND lower_bound > red_threshold AND red_threshold > green_threshold AND green_threshold >= optimum)),
    CHECK (plausible_min <= plausible_max)
);

-- 2030 targets (lib.core.progress): a national target where one is published, else the
-- catalogue's SDSN green threshold (basis sdsn_green).
CREATE TABLE indicator_target (
    indicator_id     TEXT PRIMARY KEY REFERENCES indicator(indicator_id),
    target_2030      DOUBLE NOT NULL,
    basis            TEXT NOT NULL CHECK (basis IN ('national', 'sdsn_green')),
    source_title     TEXT NOT NULL,
    source_publisher TEXT NOT NULL,
    source_url       TEXT CHECK (basis <> 'national' OR source_url LIKE 'http%'),
    note             TEXT
);

CREATE TABLE dataset (
    dataset     TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('public', 'demo', 'ministry')),
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE source (
    source_id   TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    url         TEXT                       -- NULL only for the demo generator and uploaded files
);

CREATE TABLE observation (
    dataset         TEXT NOT NULL REFERENCES dataset(dataset),
    indicator_id    TEXT NOT NULL REFERENCES indicator(indicator_id),
    province_code   TEXT NOT NULL REFERENCES province(code),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),  -- C.E. always
    disaggregation  TEXT NOT NULL DEFAULT '',  -- '' = total; else 'key=value' (e.g. 'sex=F')
    value           DOUBLE NOT NULL,
    source_id       TEXT NOT NULL REFERENCES source(source_id),
    provisional     BOOLEAN NOT NULL DEFAULT FALSE,
    estimated       BOOLEAN NOT NULL DEFAULT FALSE,
    proxy           BOOLEAN NOT NULL DEFAULT FALSE,
    note            TEXT,
    PRIMARY KEY (dataset, indicator_id, province_code, year, disaggregation)
);

-- Published whole-kingdom figures (not averages of provinces).
CREATE TABLE national_observation (
    dataset         TEXT NOT NULL REFERENCES dataset(dataset),
    indicator_id    TEXT NOT NULL REFERENCES indicator(indicator_id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    disaggregation  TEXT NOT NULL DEFAULT '',
    value           DOUBLE NOT NULL,
    source_id       TEXT NOT NULL REFERENCES source(source_id),
    note            TEXT,
    PRIMARY KEY (dataset, indicator_id, year, disaggregation)
);

-- Published numbers that are not SDG indicators (population, GPP totals, external indices).
CREATE TABLE context_observation (
    province_code   TEXT REFERENCES province(code),   -- NULL = whole kingdom
    area_label      TEXT NOT NULL,                    -- as the source names the area
    measure         TEXT NOT NULL,
    year            INTEGER,                          -- NULL when the source states none
    value           DOUBLE NOT NULL,
    unit            TEXT NOT NULL,
    source_id       TEXT NOT NULL REFERENCES source(source_id),
    note            TEXT
);

-- Two context series that measure the same quantity (a recipe's [load] same_as): `measure` is
-- the other source's series, `same_as` the one the app uses (population: DOPA's registration).
-- Both are kept; the consistency report compares them.
CREATE TABLE context_same (
    measure         TEXT PRIMARY KEY,
    same_as         TEXT NOT NULL,
    name_th         TEXT NOT NULL,   -- the quantity compared and its unit, as the report names them
    name_en         TEXT NOT NULL,
    unit_th         TEXT NOT NULL,
    unit_en         TEXT NOT NULL
);

-- Ranks, list positions and text statements: findings, not measurements.
CREATE TABLE finding (
    finding_id      INTEGER PRIMARY KEY,
    province_code   TEXT REFERENCES province(code),   -- NULL when about a region or all pilots
    area_label      TEXT NOT NULL,
    goals           TEXT NOT NULL,                    -- '1', '2;3', 'all', 'multi', 'context'
    year            INTEGER,
    topic           TEXT NOT NULL,
    statement       TEXT NOT NULL,
    unit            TEXT NOT NULL,
    source_id       TEXT NOT NULL REFERENCES source(source_id),
    note            TEXT,
    -- Thai text: not in finding.csv; lib/build.py fills it from the phrase table finding_th.csv
    -- (numeric statements are copied). NULL = no translation (the build refuses that).
    area_label_th   TEXT,
    topic_th        TEXT,
    statement_th    TEXT,
    note_th         TEXT,
    unit_th         TEXT
);

CREATE TABLE sector (
    sector      TEXT PRIMARY KEY,   -- government, private, civil_society, people, academia, media, international
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    sort        INTEGER NOT NULL
);

-- The partner registry (seed, 3W imports and the admin forms: lib.store.partners). origin:
-- where the record came from; updated_*: the last change (NULL = as seeded). Records other than
-- the seed's, and seed records changed since, are carried over when lib.build rebuilds.
CREATE TABLE partner (
    partner_id  TEXT PRIMARY KEY,
    name_th     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    sector      TEXT NOT NULL REFERENCES sector(sector),
    origin      TEXT NOT NULL DEFAULT 'seed' CHECK (origin IN ('seed', 'import', 'form')),
    closed      DATE,                          -- no longer a partner (kept for history)
    updated_at  TIMESTAMP,
    updated_by  TEXT
);

-- Other ways a partner is written (UNDP / ยูเอ็นดีพี), matched by the 3W import.
CREATE TABLE partner_alias (
    partner_id  TEXT NOT NULL REFERENCES partner(partner_id),
    alias       TEXT NOT NULL,
    PRIMARY KEY (partner_id, alias)
);

CREATE TABLE activity (
    activity_id TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES partner(partner_id),
    title       TEXT NOT NULL,                 -- English, as the source states it
    title_th    TEXT NOT NULL,
    start_date  TEXT,                          -- ISO, as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD
    end_date    TEXT,
    area_label  TEXT NOT NULL,                 -- the area as the source names it
    source_url  TEXT NOT NULL,
    -- 'programme': the whole pilot programme (activity_province lists the pilots, but no one
    -- province's count includes it); 'provinces': the provinces it names.
    scope       TEXT NOT NULL CHECK (scope IN ('programme', 'provinces')),
    status      TEXT CHECK (status IN ('planned', 'ongoing', 'completed')),   -- NULL: not stated
    budget_thb  DOUBLE CHECK (budget_thb >= 0),                                  -- NULL: not stated
    funding_source  TEXT,
    people_reached  BIGINT CHECK (people_reached >= 0),
    contact_agency  TEXT,
    origin      TEXT NOT NULL DEFAULT 'seed' CHECK (origin IN ('seed', 'import', 'form')),
    closed      DATE,                          -- closed by an admin (kept, not counted as active)
    updated_at  TIMESTAMP,
    updated_by  TEXT
);

CREATE TABLE activity_province (
    activity_id     TEXT NOT NULL REFERENCES activity(activity_id),
    province_code   TEXT NOT NULL REFERENCES province(code),
    PRIMARY KEY (activity_id, province_code)
);

CREATE TABLE activity_goal (
    activity_id TEXT NOT NULL REFERENCES activity(activity_id),
    goal        INTEGER NOT NULL REFERENCES goal(goal),
    PRIMARY KEY (activity_id, goal)
);

-- SDG targets an activity names (e.g. '3.2'); its goal is in activity_goal too.
CREATE TABLE activity_target (
    activity_id TEXT NOT NULL REFERENCES activity(activity_id),
    target      TEXT NOT NULL,
    PRIMARY KEY (activity_id, target)
);

-- Every change to the registry: the record before it (NULL when added), as JSON, with who,
-- when and how (import_id for a 3W file, NULL for a form).
CREATE TABLE registry_history (
    change_id   INTEGER PRIMARY KEY,
    changed_at  TIMESTAMP NOT NULL,
    changed_by  TEXT NOT NULL,
    record_kind TEXT NOT NULL CHECK (record_kind IN ('activity', 'partner')),
    record_id   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('added', 'replaced', 'edited', 'closed')),
    import_id   INTEGER,
    before      JSON,
    after       JSON NOT NULL
);

-- Ministry imports (lib.ingest). Carried over when lib.build rebuilds from seed.
CREATE TABLE import_log (
    import_id       INTEGER PRIMARY KEY,
    imported_at     TIMESTAMP NOT NULL,
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL,
    file_format     TEXT NOT NULL,
    dataset         TEXT REFERENCES dataset(dataset),   -- NULL for partner activities
    rows_added      INTEGER NOT NULL,
    rows_replaced   INTEGER NOT NULL,
    rows_unchanged  INTEGER NOT NULL,
    imported_by     TEXT NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'observations' CHECK (kind IN ('observations', 'activities', 'targets'))
);

-- Values an import replaced, so nothing stored is ever lost.
CREATE TABLE observation_history (
    import_id       INTEGER NOT NULL REFERENCES import_log(import_id),
    dataset         TEXT NOT NULL,
    indicator_id    TEXT NOT NULL,
    province_code   TEXT NOT NULL,
    year            INTEGER NOT NULL,
    disaggregation  TEXT NOT NULL,
    old_value       DOUBLE NOT NULL,
    old_source_id   TEXT NOT NULL,
    new_value       DOUBLE NOT NULL
);

-- Values set aside when two public sources give the same key (lib.ingest.sources, a recipe's
-- on_conflict): the value that is not the official one, with the source whose value is
-- (superseded_by); kept and retrievable for the consistency report.
CREATE TABLE observation_superseded (
    dataset         TEXT NOT NULL REFERENCES dataset(dataset),
    indicator_id    TEXT NOT NULL REFERENCES indicator(indicator_id),
    province_code   TEXT NOT NULL REFERENCES province(code),
    year            INTEGER NOT NULL,
    disaggregation  TEXT NOT NULL,
    value           DOUBLE NOT NULL,
    source_id       TEXT NOT NULL REFERENCES source(source_id),
    provisional     BOOLEAN NOT NULL,
    estimated       BOOLEAN NOT NULL,
    proxy           BOOLEAN NOT NULL,
    note            TEXT,
    superseded_by   TEXT NOT NULL REFERENCES source(source_id),
    PRIMARY KEY (dataset, indicator_id, province_code, year, disaggregation, source_id)
);

-- A province's own 2030 targets (its SDG localization plan), loaded by lib.ingest.targets; for
-- that province they replace the indicator's target (indicator_target). Carried over when
-- lib.build rebuilds; a replaced row goes to province_target_history.
CREATE TABLE province_target (
    province_code   TEXT NOT NULL REFERENCES province(code),
    indicator_id    TEXT NOT NULL REFERENCES indicator(indicator_id),
    target_2030     DOUBLE NOT NULL,
    source          TEXT NOT NULL,          -- the plan: an http(s) address or a document's title
    note            TEXT,
    import_id       INTEGER NOT NULL,       -- the import_log row that set it
    updated_by      TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (province_code, indicator_id)
);

CREATE TABLE province_target_history (
    replaced_by_import INTEGER NOT NULL,    -- the import that replaced the row
    province_code   TEXT NOT NULL,
    indicator_id    TEXT NOT NULL,
    target_2030     DOUBLE NOT NULL,        -- the row as it was
    source          TEXT NOT NULL,
    note            TEXT,
    import_id       INTEGER NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    new_target_2030 DOUBLE NOT NULL
);

-- What was built from what (deterministic: no timestamps, so rebuilds are identical).
CREATE TABLE build_info (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);
