"""Small files of a researcher's project that several tests write."""

# A model of the project's own source (no [source] of its own: roto.toml's), every cell stated.
OWN_SOURCE = """\
[parts]
home-description = "Our paper: the model"
[references]
1 = "Author A"
[models.home-visits]
label = "Home visits"
definition = "Visits at home, in our words."
key-texts = { cites = "1", at = "home-description" }
[models.home-visits.resources]
social-relationships = { uses = true, at = "home-description", cites = "1" }
decision-making = { uses = true, at = "home-description" }
experiential-knowledge = { uses = false, at = "home-description" }
individual-strengths = { uses = false, at = "home-description" }
recreational-activities = { uses = false, at = "home-description" }
self-actualising-tendencies = { uses = false, at = "home-description" }
[models.home-visits.relationships]
peers = { uses = true, at = "home-description" }
professionals = { uses = true, at = "home-description" }
friends = { uses = false, at = "home-description" }
family = { uses = false, at = "home-description" }
[models.home-visits.reciprocity]
value = "reciprocal"
at = "home-description"
"""
