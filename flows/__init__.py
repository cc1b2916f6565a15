"""Conversations, grouped by role. Handlers read the update, call a service with plain
values and render the reply; they never touch SQL."""
