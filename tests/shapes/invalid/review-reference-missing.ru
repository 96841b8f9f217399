# base: review
# breaks: the review's reference 62 is gone, leaving 61.
# expect: Violation MinCount <https://doi.org/10.1192/bjp.bp.113.135038>
DELETE WHERE { ref:62 ?p ?o }
