import { Transform } from 'stream';

/** A pass-through stream that counts the bytes that go by. */
export class ByteCounter extends Transform {
	bytes = 0;

	_transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void) {
		this.bytes += chunk.length;
		callback(null, chunk);
	}
}
