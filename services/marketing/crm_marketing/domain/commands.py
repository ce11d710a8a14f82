"""Commands: what callers ask, one frozen dataclass each, named in the imperative.

Each subclasses ``crm_chassis.usecases.Command[R]``, ``R`` being what carrying it out
returns, and carries typed fields (never a ``dict[str, Any]``); a partial update names the
fields the client sent. The use case that carries it out is a function in ``service/``::

    @dataclass(frozen=True)
    class OpenTicket(Command[Ticket]):
        subject: str
        account_id: UUID | None = None
"""
