"""The agenda service: municipalities, committees, members, meetings and agendas."""
