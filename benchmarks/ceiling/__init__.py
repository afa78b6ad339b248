"""The load benchmark's site: the production settings plus one minimal view, the stack's ceiling."""
