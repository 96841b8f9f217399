# keeps: the base graph as it is; nothing to report.
