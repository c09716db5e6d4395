/**
 * Disputed content, as every surface marks it: an entity whose review is disputed, or a
 * link whose review is. JSON answers carry \`disputed: true\` (and the review where the
 * shape has room for it); text renderings (Markdown, MCP) put this marker beside the name.
 */
export const DISPUTED_MARKER = '[DISPUTED]'

export const isDisputed = (review: { status: string } | null | undefined): boolean => review?.status === 'disputed'

/** The marker and the reviewer's note, to put after a name in text; empty when not disputed. */
export function disputedText(review: { status: string; note?: string | null } | null | undefined): string {
  if (!isDisputed(review)) return ''
  return review?.note ? ` ${DISPUTED_MARKER} (a clinical reviewer disputes this: ${review.note})` : ` ${DISPUTED_MARKER} (a clinical reviewer disputes this)`
}
