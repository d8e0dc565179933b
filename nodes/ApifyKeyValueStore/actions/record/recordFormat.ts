import { checkCompression } from '../../helpers/compress';
import { chooseEncoding, COMPRESSIONS, type Compression } from '../../helpers/compressionChoice';
import { checkContentType } from '../../helpers/mediaType';
import { readChoice, readText, type ParameterReader } from '../../shared/parameters';

/**
 * Store Record's "Content Type" (empty: the value's own) and "Compression", checked before anything
 * is read into memory or sent; `size` is the value's size, or how much of it there is at least,
 * which Automatic compression decides by.
 */
export function readRecordFormat(reader: ParameterReader, ownType: string, size: number) {
	const contentType = readText(reader, 'contentType', 'Content Type').trim() || ownType;
	const type = checkContentType(contentType);
	if (!type.ok) throw reader.fail(type.problem);
	const compression = readChoice<Compression>(
		reader,
		'compression',
		'Compression',
		COMPRESSIONS,
		'auto',
	);
	const encoding = chooseEncoding(compression, size, contentType);
	const supported = checkCompression(encoding);
	if (!supported.ok) throw reader.fail(supported.problem);
	return { contentType, encoding };
}
