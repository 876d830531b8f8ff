package io.stockring.ledger;

import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.bytes.PointerBytesStore;

/**
 * Base of the ledger's record views: a pointer bound to the address of one map entry's value.
 *
 * <p>Chronicle's native value references share their pointer store with the map's query
 * context, so the next map operation may silently re-point a reference obtained earlier (seen:
 * inserting a new key moved another view). A view therefore takes the entry's address right
 * after the look-up and keeps its own pointer: valid as long as the entry is not removed (stock
 * entries never are; reservation and request records are only removed by the writer's
 * retention purge, and a reader that races a purge reads a record whose checksum fails, which
 * it treats as absent).
 */
abstract class OffHeapView
{
    private final PointerBytesStore memory = new PointerBytesStore();

    /** Binds this view to the value a Chronicle look-up just pointed {@code ref} at; returns its address. */
    final long bind(final Object ref, final int words)
    {
        final long address = ((Byteable)ref).address();
        memory.set(address, (long)words * 8);
        return address;
    }

    /** Binds this view to a value whose address is already known. */
    final void bind(final long address, final int words)
    {
        memory.set(address, (long)words * 8);
    }

    final long word(final int index)
    {
        return memory.readLong((long)index << 3);
    }

    final void word(final int index, final long value)
    {
        memory.writeLong((long)index << 3, value);
    }
}
