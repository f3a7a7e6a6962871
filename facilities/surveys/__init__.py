"""Survey data the bureau imports: exercise survey responses and physique test results."""
