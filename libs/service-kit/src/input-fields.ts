import { z } from 'zod';

/** An id field of an input: a UUID, refused in Russian otherwise. */
export const uuidField = () => z.uuid({ message: 'Ожидается идентификатор UUID' });

/** A calendar date field of an input (DOMAIN.md: dates carry no time and no zone). */
export const isoDateField = () => z.iso.date({ message: 'Ожидается дата ГГГГ-ММ-ДД' });
