"""What a run captures: environment, git, host, files, variables, params, and redaction of secrets.

Every writer of a run (a live kernel, ``mlops-lab track``, a pipeline step, a
reproduction) records through this package, so each kind of run records the same
things the same way.
"""
