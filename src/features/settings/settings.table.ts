export interface SettingsTables {
  settings: { key: string; value: string };
}
