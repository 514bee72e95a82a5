/** Wire framing, registry lookups and buffers shared by the formats; not part of the API. */
package dev.ferry.serdes.internal;
