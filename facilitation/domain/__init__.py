"""Pure domain logic of the app: no Flask, SQL or pandas in here."""
