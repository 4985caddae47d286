"""Policy knowledge: documents, chunks, embeddings and retrieval."""
