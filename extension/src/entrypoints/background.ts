export default defineBackground(() => {
  // The API client, outbox and message router arrive with the extension issue.
});
