import { mediaType } from './mediaType';

export type RecordShape = 'json' | 'text' | 'binary';

/** How a record of this content type is best put into an n8n item. */
export function recordShape(contentType: string): RecordShape {
	const media = mediaType(contentType);
	if (media === 'application/json' || media.endsWith('+json')) return 'json';
	if (
		media.startsWith('text/') ||
		['application/xml', 'application/javascript', 'application/x-ndjson'].includes(media) ||
		media.endsWith('+xml')
	) {
		return 'text';
	}
	return 'binary';
}
