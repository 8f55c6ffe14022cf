"""Login accounts for a team on one server: a name, a role and a salted argon2 hash of the password.

The account name is the coder name: every coding and every event an account makes records it, so
nobody can code under a colleague's name. Only the hash is stored (argon2id through argon2-cffi);
account changes are logged as events with name and role only, so no hash reaches the event log.
A project without accounts is single-user and needs no login (`werkbank app` on 127.0.0.1).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from coding.store.project import Project, ProjectError, now

ROLES = ("beheerder", "codeur", "procesbegeleider", "lezer")
MIN_PASSWORD = 10


class Account(NamedTuple):
    """An account as the store has it (a NamedTuple: a frozen dataclass cost every `werkbank code` 2 ms)."""

    name: str
    role: str
    oidc: str | None = None  # the organisation sign-in identity linked to it, if any


def _hasher() -> Any:
    from argon2 import PasswordHasher  # imported here: the CLI's start-up stays light
    return PasswordHasher()


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ProjectError("team.accounts.role_must_one", roles=', '.join(ROLES), role=role)
    return role


def _check_password(password: str, name: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ProjectError("team.accounts.password_needs_at_least", min_password=MIN_PASSWORD)
    if password.strip().lower() == name.strip().lower():
        raise ProjectError("team.accounts.password_must_account_name")
    return password


def has_accounts(db: Any) -> bool:
    """True when the project has at least one account: then every session must log in."""
    return db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None


def accounts(db: Any) -> list[Account]:
    return [Account(*row) for row in db.execute("SELECT name, role, oidc FROM accounts ORDER BY name")]


def account(db: Any, name: str) -> Account | None:
    row = db.execute("SELECT name, role FROM accounts WHERE name = ?", [name]).fetchone()
    return Account(*row) if row else None


def add(project: Project, actor: str, name: str, role: str, password: str) -> Account:
    name = name.strip()
    if not name or name == "consensus":
        raise ProjectError("team.accounts.give_account_name_empty")
    _check_role(role)
    digest = _hasher().hash(_check_password(password, name))
    if account(project.db.conn, name) is not None:
        raise ProjectError("team.accounts.account_named_exists_already", name=name)
    with project.write(actor, "account-add", {"name": name, "role": role}):
        project.conn.execute("INSERT INTO accounts (name, role, password_hash, created_at, changed_at) "
                             "VALUES (?, ?, ?, ?, ?)", [name, role, digest, now(), now()])
    return Account(name, role)


def _existing(project: Project, name: str) -> Account:
    found = account(project.db.conn, name)
    if found is None:
        raise ProjectError("team.accounts.account_named", name=name)
    return found


def remove(project: Project, actor: str, name: str) -> None:
    found = _existing(project, name)
    _keep_a_beheerder(project, found, None)
    with project.write(actor, "account-remove", {"name": found.name}):
        project.conn.execute("DELETE FROM accounts WHERE name = ?", [found.name])


def set_role(project: Project, actor: str, name: str, role: str) -> Account:
    found = _existing(project, name)
    _keep_a_beheerder(project, found, _check_role(role))
    with project.write(actor, "account-role", {"name": found.name, "role": role}):
        project.conn.execute("UPDATE accounts SET role = ?, changed_at = ? WHERE name = ?", [role, now(), found.name])
    return Account(found.name, role)


def set_password(project: Project, actor: str, name: str, password: str) -> None:
    found = _existing(project, name)
    digest = _hasher().hash(_check_password(password, found.name))
    with project.write(actor, "account-password", {"name": found.name}):
        project.conn.execute("UPDATE accounts SET password_hash = ?, changed_at = ? WHERE name = ?",
                             [digest, now(), found.name])


def _keep_a_beheerder(project: Project, changed: Account, new_role: str | None) -> None:
    """The last beheerder cannot be removed or demoted: nobody could manage the accounts anymore."""
    if changed.role != "beheerder" or new_role == "beheerder":
        return
    others = project.db.conn.execute("SELECT count(*) FROM accounts WHERE role = 'beheerder' AND name <> ?",
                                     [changed.name]).fetchone()[0]
    if others == 0:
        raise ProjectError("team.accounts.last_beheerder_make_another", name=changed.name)


def link(project: Project, actor: str, name: str, identity: str | None) -> Account:
    """Let the organisation's sign-in identity (e-mail or subject) log in as account `name`
    (None: unlink). One identity maps to one account at most."""
    found = _existing(project, name)
    identity = (identity or "").strip() or None
    if identity is not None:
        taken = project.db.conn.execute("SELECT name FROM accounts WHERE oidc = ? AND name <> ?",
                                        [identity, found.name]).fetchone()
        if taken:
            raise ProjectError("team.accounts.identity_linked_elsewhere", identity=identity, account=taken[0])
    with project.write(actor, "account-link", {"name": found.name, "oidc": identity}):
        project.conn.execute("UPDATE accounts SET oidc = ?, changed_at = ? WHERE name = ?",
                             [identity, now(), found.name])
    return found


def by_identity(db: Any, claims: dict[str, Any]) -> Account | None:
    """The account linked to what an OpenID Connect provider said about the person: their verified
    e-mail address or their subject (`sub`). None for anyone not linked: no access."""
    candidates = [str(claims["sub"])] if claims.get("sub") else []
    if claims.get("email") and claims.get("email_verified", True) is not False:
        candidates.append(str(claims["email"]))
    for identity in candidates:
        row = db.execute("SELECT name, role FROM accounts WHERE oidc = ?", [identity.strip()]).fetchone()
        if row:
            return Account(*row)
    return None


def verify(db: Any, name: str, password: str) -> Account | None:
    """The account when `password` is right, else None (same work for unknown names: no name probing)."""
    from argon2.exceptions import VerificationError, InvalidHashError

    hasher = _hasher()
    row = db.execute("SELECT name, role, password_hash FROM accounts WHERE name = ?", [name.strip()]).fetchone()
    digest = row[2] if row else _DUMMY.get() or _DUMMY.make(hasher)
    try:
        hasher.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return None
    return Account(row[0], row[1]) if row else None


def verify_nothing(password: str) -> None:
    """Do the work of one check against a random hash: a login to a project that does not exist
    takes as long as a wrong password for one that does."""
    from argon2.exceptions import VerificationError, InvalidHashError

    hasher = _hasher()
    try:
        hasher.verify(_DUMMY.get() or _DUMMY.make(hasher), password)
    except (VerificationError, InvalidHashError):
        pass


class _Dummy:
    """A hash of a random password, verified for unknown names so they take as long as known ones."""

    def __init__(self) -> None:
        self.value: str | None = None

    def get(self) -> str | None:
        return self.value

    def make(self, hasher: Any) -> str:
        import secrets
        self.value = hasher.hash(secrets.token_urlsafe(16))
        return self.value


_DUMMY = _Dummy()
