/* bc-phone-set.c: the phone numbers seen so far in an import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-phone-set"

#include "config.h"

#include "bc-phone.h"
#include "bc-phone-set.h"

#define INITIAL_CAPACITY 1024
#define FOREIGN_KEY_BIT  (G_GUINT64_CONSTANT (1) << 63)

/* The table holds 4-byte indexes into a dense array of keys in the order
 * numbers were added (growing moves 4-byte slots, not 12-byte ones; the
 * dense array grows by realloc, which for large blocks remaps pages rather
 * than copying them).
 *
 * Lines are not stored one by one: in that order, line - index only
 * changes where the sheet has something else (an empty line, a skipped
 * row, a multi-line value), so only those steps are kept. A clean sheet
 * of a million rows needs one. About 16 bytes a number in all. */
typedef struct
{
  guint64 index;   /* from this entry on… */
  gint64  offset;  /* …line = index + offset */
} LineStep;

struct _BcPhoneSet
{
  guint32 *slots;     /* 0: empty, else index + 1 */
  guint    capacity;  /* slots, a power of two */
  guint64 *keys;
  guint    size;
  guint    allocated; /* entries of keys */
  GArray  *steps;     /* of LineStep, by index */
};

/* An E.164 number is its own key: at most 15 digits (< 2^50) and no
 * leading zero, so the digits read as an integer are unique and no hash
 * collision can merge two numbers. Only rows with "ignore e164 validation"
 * hold something else; those get a 64-bit FNV-1a hash with the top bit set
 * (a collision between two such strings is a 2^-63 event). */
static guint64
phone_key (const char *phone)
{
  guint64 key = 0;

  if (bc_phone_is_e164 (phone))
    {
      for (const char *p = phone + 1; *p != '\0'; p++)
        key = key * 10 + (guint64) (*p - '0');
      return key;
    }

  key = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  for (const guchar *p = (const guchar *) phone; *p != '\0'; p++)
    {
      key ^= *p;
      key *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return key | FOREIGN_KEY_BIT;
}

static guint
slot_of (guint64 key,
         guint   mask)
{
  /* splitmix64's finaliser: phone numbers share long prefixes, so their
   * low bits alone would cluster. */
  key ^= key >> 30;
  key *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  key ^= key >> 27;
  key *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  key ^= key >> 31;
  return (guint) key & mask;
}

static void
resize (BcPhoneSet *self,
        guint       capacity)
{
  guint mask = capacity - 1;

  g_free (self->slots);
  self->slots = g_new0 (guint32, capacity);
  self->capacity = capacity;

  for (guint i = 0; i < self->size; i++)
    {
      guint slot = slot_of (self->keys[i], mask);

      while (self->slots[slot] != 0)
        slot = (slot + 1) & mask;
      self->slots[slot] = i + 1;
    }
}

BcPhoneSet *
bc_phone_set_new (void)
{
  BcPhoneSet *self = g_new0 (BcPhoneSet, 1);

  self->steps = g_array_new (FALSE, FALSE, sizeof (LineStep));
  resize (self, INITIAL_CAPACITY);
  return self;
}

void
bc_phone_set_free (BcPhoneSet *self)
{
  if (self == NULL)
    return;
  g_free (self->slots);
  g_free (self->keys);
  g_array_unref (self->steps);
  g_free (self);
}

static guint64
line_of (BcPhoneSet *self,
         guint       index)
{
  const LineStep *steps = (const LineStep *) (gpointer) self->steps->data;
  guint low = 0;
  guint high = self->steps->len;

  /* The last step at or before @index. */
  while (high - low > 1)
    {
      guint mid = low + (high - low) / 2;

      if (steps[mid].index <= index)
        low = mid;
      else
        high = mid;
    }
  return (guint64) ((gint64) index + steps[low].offset);
}

static void
record_line (BcPhoneSet *self,
             guint       index,
             guint64     line)
{
  gint64 offset = (gint64) MIN (line, G_MAXINT64 / 2) - (gint64) index;
  LineStep step = { index, offset };

  if (self->steps->len > 0 &&
      g_array_index (self->steps, LineStep, self->steps->len - 1).offset == offset)
    return;
  g_array_append_val (self->steps, step);
}

guint64
bc_phone_set_add (BcPhoneSet *self,
                  const char *phone,
                  guint64     line)
{
  guint64 key = phone_key (phone);
  guint mask;
  guint slot;

  /* At most half full: probes stay short, and a million numbers fit in
   * 2^21 slots (8 MB). */
  if ((guint64) (self->size + 1) * 2 > self->capacity)
    resize (self, self->capacity * 2);

  mask = self->capacity - 1;
  slot = slot_of (key, mask);
  while (self->slots[slot] != 0)
    {
      guint index = self->slots[slot] - 1;

      if (self->keys[index] == key)
        return line_of (self, index);
      slot = (slot + 1) & mask;
    }

  if (self->size == self->allocated)
    {
      self->allocated = MAX (1024, self->allocated * 2);
      self->keys = g_renew (guint64, self->keys, self->allocated);
    }
  self->keys[self->size] = key;
  record_line (self, self->size, line);
  self->slots[slot] = ++self->size;
  return 0;
}

guint
bc_phone_set_size (BcPhoneSet *self)
{
  return self->size;
}
