"""One repository per aggregate. Each takes a :class:`storage.Transaction`."""
