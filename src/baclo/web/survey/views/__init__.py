"""Survey pages, split by area: design, answering, data (import/export), dashboard, pooling."""
