from hypothesis import settings

# Hypothesis (and schemathesis, which runs on it) would keep failing examples in .hypothesis/ in
# the working tree; every run here starts from the same strategies instead.
settings.register_profile("tsunagari", database=None)
settings.load_profile("tsunagari")
