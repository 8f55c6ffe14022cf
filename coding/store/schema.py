"""The project schema and its forward migrations.

One project is one SQLite file. `MIGRATIONS[n]` brings a project from schema version n to n + 1;
a project opened with an older version is migrated in one transaction, a newer one is refused.
Offsets (`start`, `end`) are Unicode code points into `documents.text`, end exclusive.
"""

def _attributes(owner: str, table: str) -> str:
    """Documents and cases carry the same typed name/value attributes, each in its own table."""
    return f"""CREATE TABLE {owner}_attributes (
    {owner}_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT,
    type TEXT NOT NULL DEFAULT 'text' CHECK (type IN ('text', 'number', 'date', 'boolean')),
    PRIMARY KEY ({owner}_id, name)
);
CREATE INDEX {owner}_attributes_name_value ON {owner}_attributes(name, value);
"""


SCHEMA_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('groepsgesprek', 'interview', 'mailbox',
        'schriftelijke input', 'live sessie', 'schooldocument')),
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source_file TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    imported_at TEXT NOT NULL,
    imported_by TEXT
);
CREATE INDEX documents_sha256 ON documents(sha256);

-- Text is immutable after import: only the live-session capture appends (see coding.live.session).
CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text ON documents
WHEN NEW.kind != 'live sessie' OR substr(NEW.text, 1, length(OLD.text)) != OLD.text
BEGIN
    SELECT RAISE(ABORT, 'document text is immutable after import');
END;

""" + _attributes("document", "documents") + """
-- A case is a participant or respondent. Speakers of a report are cases of that document;
-- mailbox respondents are cases of the mailbox document.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    is_data INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_document ON cases(document_id);

""" + _attributes("case", "cases") + """
-- Identity values (name, e-mail, school, staff number) live here and nowhere else.
-- No analysis view, listing or export reads this table.
CREATE TABLE sealed_identities (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (case_id, name)
);

-- Text units: paragraph, heading, turn, answer, sentence. A sentence has the paragraph,
-- turn or answer it sits in as parent. `is_data` = 0 marks facilitator turns.
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('paragraph', 'heading', 'turn', 'answer', 'sentence')),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    parent_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
    question TEXT,
    is_data INTEGER NOT NULL DEFAULT 1,
    lemmas TEXT,
    CHECK (start <= end)
);
CREATE INDEX units_document_kind ON units(document_id, kind, start);
CREATE INDEX units_case ON units(case_id);

-- Lemma index over sentence units for search and autocoding.
CREATE VIRTUAL TABLE units_fts USING fts5(
    lemmas, content='units', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER units_fts_insert AFTER INSERT ON units WHEN NEW.lemmas IS NOT NULL BEGIN
    INSERT INTO units_fts(rowid, lemmas) VALUES (NEW.id, NEW.lemmas);
END;
CREATE TRIGGER units_fts_delete AFTER DELETE ON units WHEN OLD.lemmas IS NOT NULL BEGIN
    INSERT INTO units_fts(units_fts, rowid, lemmas) VALUES ('delete', OLD.id, OLD.lemmas);
END;

CREATE TABLE codebooks (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT,
    version TEXT NOT NULL,
    description TEXT,
    rating_scale TEXT,            -- JSON list of rating labels, or NULL
    imported_at TEXT NOT NULL
);

-- `key` is the stable id from the codebook file; `id` is the project-internal key codings use.
CREATE TABLE codes (
    id INTEGER PRIMARY KEY,
    codebook_id TEXT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    parent_id INTEGER REFERENCES codes(id),
    position INTEGER NOT NULL DEFAULT 0,
    definition TEXT,
    inclusion TEXT,
    exclusion TEXT,
    examples TEXT,                -- JSON list
    aliases TEXT,                 -- JSON list
    origin TEXT NOT NULL DEFAULT 'deductief' CHECK (origin IN ('deductief', 'inductief')),
    color TEXT,
    rules TEXT,                   -- JSON autocoding rules
    author TEXT,
    codable INTEGER NOT NULL DEFAULT 1,
    active INTEGER NOT NULL DEFAULT 1,
    guid TEXT,                    -- REFI-QDA guid, kept so exports reuse it
    UNIQUE (codebook_id, key)
);
CREATE INDEX codes_parent ON codes(parent_id);

CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    code_id INTEGER NOT NULL REFERENCES codes(id),
    valence TEXT NOT NULL DEFAULT 'neutraal' CHECK (valence IN ('sterkte', 'groeikans', 'neutraal')),
    rating TEXT,
    coder TEXT NOT NULL,
    case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
    memo TEXT,
    selected INTEGER NOT NULL DEFAULT 0,
    codebook_version TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (start < end)
);
CREATE INDEX codings_code ON codings(code_id, valence);
CREATE INDEX codings_document ON codings(document_id, start);
CREATE INDEX codings_case ON codings(case_id);
CREATE INDEX codings_coder ON codings(coder);
-- Covering index for analysis: coding.analysis reads every coded span through it without touching rows.
CREATE INDEX codings_analysis ON codings(code_id, valence, document_id, start, end, case_id, coder);

CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    target_type TEXT NOT NULL CHECK (target_type IN ('project', 'document', 'case', 'code', 'coding')),
    target_id INTEGER,
    title TEXT,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX memos_target ON memos(target_type, target_id);

-- Anonymisation: names (of people, schools, places) and what exports write instead, e.g. a
-- pseudonym or a role word. Applied to every export, with the patterns of coding.privacy.anonymise.
CREATE TABLE replacements (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    replacement TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Recommendations (aanbevelingen) for the report, traceable to codes and quotes (codings).
CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE recommendation_addressees (
    id INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    addressee TEXT NOT NULL,
    UNIQUE (recommendation_id, addressee)
);
CREATE TABLE recommendation_links (
    id INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    code_id INTEGER REFERENCES codes(id) ON DELETE CASCADE,
    coding_id INTEGER REFERENCES codings(id) ON DELETE CASCADE,
    CHECK ((code_id IS NULL) != (coding_id IS NULL))
);
CREATE INDEX recommendation_links_recommendation ON recommendation_links(recommendation_id);

-- Live sessions (coding.live.session): a group session captured point by point into a 'live sessie'
-- document; each point is a turn of the participant's case with its coding.
CREATE TABLE live_sessions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    date TEXT,
    place TEXT,
    respondent_group TEXT,
    facilitator TEXT,
    codebook_id TEXT NOT NULL REFERENCES codebooks(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'gesloten')),
    hide_labels INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    closed_at TEXT
);

-- The mindmap: the codes chosen as branches of a session, each with a guiding question.
CREATE TABLE live_branches (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES codes(id),
    position INTEGER NOT NULL DEFAULT 0,
    question TEXT,
    UNIQUE (session_id, code_id)
);

-- Points participants prepared in advance; ticked off when they come up in the session.
CREATE TABLE live_prepared_points (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    code_id INTEGER REFERENCES codes(id),
    done INTEGER NOT NULL DEFAULT 0,
    done_by TEXT,
    done_at TEXT
);
CREATE INDEX live_prepared_points_session ON live_prepared_points(session_id, case_id);

-- Blind second coding (coding.team.assignments): a coder is given whole documents (unit_id NULL) or a
-- seeded random sample of units. While `blind` = 1 the coder sees only their own codings.
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    coder TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    blind INTEGER NOT NULL DEFAULT 1,
    seed INTEGER,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX assignments_coder ON assignments(coder, document_id);

-- Consensus review (coding.agreement.consensus): one decision per disagreement (unit, code); the decided
-- codings are written as coder 'consensus', their ids kept here so a changed decision replaces them.
CREATE TABLE consensus_decisions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES codes(id),
    coders TEXT NOT NULL,         -- the compared coders, comma-separated, sorted
    decision TEXT NOT NULL CHECK (decision IN ('apply', 'reject')),
    valence TEXT CHECK (valence IN ('sterkte', 'groeikans', 'neutraal')),
    coding_ids TEXT NOT NULL DEFAULT '[]',   -- JSON list of the consensus codings this decision wrote
    note TEXT,
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    UNIQUE (unit_id, code_id, coders)
);

-- Proposed codings (rule autocoding or the learned model, see coding.suggest.queue), kept until the
-- coder they were made for decides. Accepted and changed ones name the coding they became;
-- rejected ones are never proposed again and, like accepted ones, feed the model.
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    codebook_id TEXT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
    coder TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    valence TEXT NOT NULL DEFAULT 'neutraal' CHECK (valence IN ('sterkte', 'groeikans', 'neutraal')),
    valence_score REAL,
    rank INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('rules', 'model')),
    reason TEXT,                  -- JSON: matched rule terms and/or the most similar coded fragment
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'changed', 'rejected')),
    coding_id INTEGER REFERENCES codings(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    decided_at TEXT,
    CHECK (start < end)
);
CREATE INDEX suggestions_queue ON suggestions(codebook_id, coder, status, document_id, start);

-- Append-only log of every change. `changes` is a JSON list of row changes
-- ({"table", "op", "pk", "before", "after"}) that undo replays backwards.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT,
    changes TEXT NOT NULL DEFAULT '[]',
    undoes INTEGER REFERENCES events(id),
    undone_by INTEGER REFERENCES events(id)
);
CREATE INDEX events_actor ON events(actor, id);
CREATE TRIGGER events_append_only BEFORE DELETE ON events BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
"""

# Possible names nobody registered (coding.privacy.candidates): one row per distinct text with
# the reviewer's decision, and where each occurs. An import deletes its occurrences with its document.
NAME_CANDIDATES = """
CREATE TABLE name_candidates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    replacement TEXT,
    decided_by TEXT,
    decided_at TEXT
);
CREATE TABLE name_occurrences (
    candidate_id INTEGER NOT NULL REFERENCES name_candidates(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (document_id, start)
);
CREATE INDEX name_occurrences_candidate ON name_occurrences(candidate_id);
"""

# Login accounts for a team on one server (coding.team.accounts). Only a salted argon2
# hash of each password is kept; `name` is the coder name every coding and event records.
ACCOUNTS = """
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0 AND name <> 'consensus'),
    role TEXT NOT NULL CHECK (role IN ('beheerder', 'codeur', 'procesbegeleider', 'lezer')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
"""

# Quotes chosen for the report (coding.codings.quote_selection): one row per coding whose `selected` flag
# is set from the app or the CLI, with its place among the chosen quotes of its code, the words kept
# when shortened (JSON list of [start, end] document offsets inside the coding; NULL: all of it) and
# the attribution form.
QUOTE_SELECTIONS = """
CREATE TABLE quote_selections (
    id INTEGER PRIMARY KEY,
    coding_id INTEGER NOT NULL UNIQUE REFERENCES codings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    excerpt TEXT,
    attribution TEXT NOT NULL DEFAULT 'sjabloon'
        CHECK (attribution IN ('sjabloon', 'rol', 'rol_sector', 'rol_groep'))
);
"""

# MIGRATIONS[n] upgrades schema version n to n + 1. Version 0 is an empty file.
MIGRATIONS: dict[int, str] = {
    0: SCHEMA_V1,
    1: """
-- When each cue of a transcript (coding.importers.transcripts) was said: the span of the document text
-- it holds and its start and end in milliseconds (end NULL: the format has none, as a Teams .docx).
CREATE TABLE cue_times (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER,
    PRIMARY KEY (document_id, start)
);
""",
    2: NAME_CANDIDATES,
    3: ACCOUNTS,
    4: """
-- The identity an organisation's sign-in (OpenID Connect) reports for an account: its e-mail
-- address or subject; set by a beheerder (`werkbank users PROJECT link`), NULL for password-only.
ALTER TABLE accounts ADD COLUMN oidc TEXT COLLATE NOCASE;
CREATE UNIQUE INDEX accounts_oidc ON accounts(oidc) WHERE oidc IS NOT NULL;
""",
    5: QUOTE_SELECTIONS,
    6: """
-- Where the codebook's history sent the codings of each retired key (JSON object, old key -> current
-- key), so that codings made against an older version of the file land on today's code when imported.
ALTER TABLE codebooks ADD COLUMN moved_keys TEXT;
""",
}

SCHEMA_VERSION = max(MIGRATIONS) + 1
