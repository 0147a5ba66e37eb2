import { registerEnumType } from 'type-graphql';

/** Which counselling room: children and adults meet the psychologist in separate rooms. */
export enum RoomKind {
  CHILD = 'CHILD',
  ADULT = 'ADULT',
}
registerEnumType(RoomKind, { name: 'RoomKind', description: 'A counselling room for children or for adults.' });
