# base: review
# keeps: the review's own graph as it is; nothing to report.
